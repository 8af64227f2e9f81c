"""Shared pieces of the zoo's weight generators and numpy references."""
