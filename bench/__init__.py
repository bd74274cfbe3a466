"""The performance benchmark: `.venv/bin/python -m bench` writes docs/performance.md (bench/run.py)."""
