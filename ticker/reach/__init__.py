"""Reach: read receipts, 확인 (acknowledgement) and presence heartbeats (issue 8)."""
