"""People: the user account and the profile that says who someone is in a community of practice."""
