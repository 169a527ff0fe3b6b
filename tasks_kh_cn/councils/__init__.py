"""Councils: identification, selection/direct assignment, budget appraisal and acceptance.

Models, services, selectors and the pure aggregation rules live here; the viewflow
processes that decide who acts next live in ``workflows/councils/``.
"""
