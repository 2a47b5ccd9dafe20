"""The language layer: cleaning page furniture, sentences, tokens, quotation marks, the
English vocabulary and the adapters of the language libraries. Imports only ``corpus``."""
