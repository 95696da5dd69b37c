"""The needs board (/needs/board) and the volunteer pool (/volunteers/pool)."""
