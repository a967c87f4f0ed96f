"""Pages made from the directory for people who plan: the gaps matrix, printed."""
