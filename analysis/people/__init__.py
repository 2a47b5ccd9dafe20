"""The people layer: the people found in the text, the naming registry, quotations and
who said them. Imports only ``corpus`` and ``language``."""
