"""Text: normalisation (``normalize``), variant classes (``classify``), English inflections
(``inflect``) and figures read with each language's CLDR symbols (``numbers``)."""
