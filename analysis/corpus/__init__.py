"""The corpus layer: where files live, reading each form of corpus, decoding, validation,
the outlets and their order. Imports nothing else of the package."""
