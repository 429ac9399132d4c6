"""protocheck: conformance checking for services that help survivors of domestic and gender-based violence.

The library works without the command line: :func:`protocheck.audit.score_file` scores a workbook,
:func:`protocheck.catalog.load_catalog` loads a standard, :mod:`protocheck.render` turns a result into a report.
"""

__version__ = "0.1.0"
