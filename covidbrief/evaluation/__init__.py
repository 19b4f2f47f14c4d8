"""Scoring predictions against gold records (spec section 6) and the evaluate loop."""
