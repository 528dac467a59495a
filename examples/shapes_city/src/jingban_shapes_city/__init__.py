"""Shapes city: a made-up region that uses every rule shape of issue 14 (docs/writing-a-region.md)."""
