"""The measures layer: naming, word choice, sentiment, readability, voices and shared
copy, as tidy tables. Imports only the layers below (corpus, language, people)."""
