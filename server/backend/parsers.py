"""DRF's JSON parser, also refusing JSON nested deeper than Python's json can read (a RecursionError, which DRF's
parser lets through as a 500) with DRF's own ParseError: 400 {"detail": "JSON parse error - ..."}."""

from rest_framework import parsers
from rest_framework.exceptions import ParseError


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError as error:
            raise ParseError(f"JSON parse error - {error}") from error
