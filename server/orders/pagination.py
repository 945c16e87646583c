from rest_framework.pagination import PageNumberPagination


class PageSizePagination(PageNumberPagination):
    """PAGE_SIZE (10) per page; the client may ask for up to 100 with ?page_size= (0 or junk falls back)."""

    page_size_query_param = "page_size"
    max_page_size = 100
