"""Stage 2, score (pure): quantities as forms write them (quantity.py), the scoring
methods (methods.py) and the score card with rounding and grades (engine.py)."""
