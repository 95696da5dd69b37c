"""激励 Reward: verified hours, star levels, honour roll, service certificates."""
