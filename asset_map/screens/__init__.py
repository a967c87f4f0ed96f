"""One module per screen, each with its .tcss. Screens present and call into the domain."""
