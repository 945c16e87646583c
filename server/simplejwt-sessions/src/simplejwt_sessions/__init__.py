"""Sessions for djangorestframework-simplejwt: one successor per refresh across processes, a grace window, reuse
detection that ends the family, an absolute lifetime, "log out everywhere", "Your devices", revocation on a password
change, and a login lockout. See README.md."""

__version__ = "0.1.0"
