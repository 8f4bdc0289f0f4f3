"""Notice server: feed, publishing API and admin page."""
