"""Micro-wishes (微心愿): residents' small wishes, claimed and fulfilled by donors (DESIGN §5)."""
