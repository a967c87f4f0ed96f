"""Connection lists for residents: build, print, follow up (no Textual here)."""
