"""Topics (discussion / question / practice / idea), posts, and thanks."""
