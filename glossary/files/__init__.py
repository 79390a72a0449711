"""Files on disk: writes that are atomic (``atomic``) and XML read without entities or network (``xmlsafe``).

The lowest layer above ``errors``: every layer that writes or parses files uses it.
"""
