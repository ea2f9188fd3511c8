"""Rempart: an open-source trust & safety engine."""
