"""The committed OpenAPI schemas (server/schema/<dialect>.yaml, from which src/api/schema/*.ts are generated) are
what the code generates, and the server serves its own at /api/schema/ to anyone. Regenerate them with
`npm run schema` after a change to an endpoint. Run in both environments by `npm run test:server`."""

import os
import subprocess
import sys

from django.conf import settings
from django.test import SimpleTestCase
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiYamlRenderer
from rest_framework.test import APIClient

SCHEMA_DIR = settings.BASE_DIR / "schema"
STALE = (
    "server/schema/{}.yaml differs from what the code generates: run `npm run schema` and commit the result"
)


def committed(dialect: str) -> str:
    return (SCHEMA_DIR / f"{dialect}.yaml").read_text()


class SchemaTests(SimpleTestCase):
    def test_the_committed_schema_is_the_codes(self):
        schema = SchemaGenerator().get_schema(request=None, public=True)
        generated = OpenApiYamlRenderer().render(schema, renderer_context={}).decode()
        self.assertEqual(generated, committed(settings.DIALECT), STALE.format(settings.DIALECT))

    def test_the_server_serves_it_without_a_login(self):
        response = APIClient().get("/api/schema/")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/vnd.oai.openapi; charset=utf-8")
        self.assertEqual(response.content.decode(), committed(settings.DIALECT))
        as_json = APIClient().get("/api/schema/?format=json")
        self.assertEqual(as_json.json()["info"]["title"], f"vue-jwt-drf API ({settings.DIALECT} dialect)")

    if settings.SIMPLEJWT:  # the drf-jwt environment checks its own only

        def test_the_other_simplejwt_dialects_schema_is_the_codes(self):
            other = "sliding" if settings.DIALECT == "pair" else "pair"
            run = subprocess.run(
                [sys.executable, "manage.py", "spectacular", "--fail-on-warn", "--validate"],
                cwd=settings.BASE_DIR,
                env={**os.environ, "DIALECT": other},
                capture_output=True,
                text=True,
                check=False,
            )
            self.assertEqual(run.returncode, 0, run.stderr)
            self.assertEqual(run.stdout, committed(other), STALE.format(other))
