"""Send Python logs to Logline: a batching logging.Handler (HTTP or SQS) and request-id correlation.

    import logging
    from logline import LoglineHandler

    logging.getLogger().addHandler(LoglineHandler("https://logs.example.com", key="lk_…", source="api"))

Standard library only (boto3 is used when present and a queue URL is given). See the README,
"Sending logs from your code".
"""

from .context import RequestIdFilter, bind_request_id, get_request_id, new_request_id, request_id_var
from .handler import LoglineHandler

__all__ = [
    "LoglineHandler",
    "RequestIdFilter",
    "bind_request_id",
    "get_request_id",
    "new_request_id",
    "request_id_var",
]
__version__ = "0.1.0"
