"""Admin web page (/admin): Korean-first notice publishing, users, tokens, audit, departments."""
