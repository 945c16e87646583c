from django.test import SimpleTestCase
from drf_spectacular.generators import SchemaGenerator


class SchemaTests(SimpleTestCase):
    def test_the_apps_endpoints_and_authentication_are_in_the_openapi_schema(self):
        schema = SchemaGenerator().get_schema(request=None, public=True)
        self.assertLessEqual(
            {
                "/api/token/",
                "/api/token/refresh/",
                "/api/token/blacklist/",
                "/api/me/sessions/",
                "/api/me/sessions/{id}/",
                "/api/me/logout-all/",
                "/api/me/password/",
            },
            set(schema["paths"]),
        )
        refresh = schema["paths"]["/api/token/refresh/"]["post"]["requestBody"]["content"]["application/json"]
        self.assertEqual(refresh["schema"]["$ref"], "#/components/schemas/SessionTokenRefresh")
        self.assertIn("jwtAuth", schema["components"]["securitySchemes"])
        self.assertEqual(schema["paths"]["/api/me/sessions/"]["get"]["security"], [{"jwtAuth": []}])
