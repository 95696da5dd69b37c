"""Reports (DESIGN §7): the public transparency page and the federation's exports."""
