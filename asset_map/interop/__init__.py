"""Reading and writing directory files. Plain Python: no Textual, no SQL."""
