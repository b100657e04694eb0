"""The S3 storage backend (STORAGE_BACKEND=s3) against moto's S3 server on 127.0.0.1: upload, serve, remove."""

from __future__ import annotations

import io

import boto3
import pytest
from moto.server import ThreadedMotoServer
from PIL import Image

from socialchallenge import create_app
from socialchallenge.attachments.s3 import S3Storage
from socialchallenge.extensions import db
from tests.builders import jpeg_with_gps, make_challenge, make_token, make_user, sample_pdf
from tests.helpers import RequestIsolatingClient

BUCKET = "socialchallenge-test"


@pytest.fixture(scope="module")
def s3_endpoint():
    """moto's S3 server on a free local port, with one empty bucket; no cloud is reachable, none is needed."""
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def s3(s3_endpoint, monkeypatch):
    """A client of the bucket (emptied for each test), with fake credentials in the environment as boto3 reads them."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1")
    client.create_bucket(Bucket=BUCKET)
    yield client
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])


@pytest.fixture
def s3_app(app, s3, s3_endpoint):
    """The app on the test database with its uploads in the bucket."""
    served = create_app("testing", {"SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
                                    "STORAGE_BACKEND": "s3", "S3_BUCKET": BUCKET, "S3_PREFIX": "media",
                                    "S3_ENDPOINT_URL": s3_endpoint, "S3_REGION": "us-east-1"})
    served.test_client_class = RequestIsolatingClient
    yield served
    with served.app_context():
        db.engine.dispose()


def test_s3_round_trip_upload_serve_and_remove(s3_app, s3):
    owner = make_user()
    challenge = make_challenge(owner)
    client = s3_app.test_client()
    auth = {"Authorization": f"Bearer {make_token(owner)}"}
    response = client.post(f"/api/v1/challenges/{challenge.id}/attachments", headers=auth, data={
        "file": (io.BytesIO(jpeg_with_gps()), "street.jpg"), "alt_text": "A street corner"},
        content_type="multipart/form-data")
    assert response.status_code == 201, response.get_json()
    image = response.get_json()
    key = image["url"].split("/media/", 1)[1]
    stored = s3.get_object(Bucket=BUCKET, Key=f"media/{key}")
    assert stored["ContentType"] == "image/jpeg"
    assert stored["CacheControl"] == "public, max-age=31536000, immutable"
    data = stored["Body"].read()
    assert not Image.open(io.BytesIO(data)).getexif() and b"Exif" not in data  # no GPS in the bucket either

    served = client.get(f"/media/{key}")
    assert served.status_code == 200 and served.get_data() == data
    assert served.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert client.get(f"/media/{key[:-4]}.png").status_code == 404  # a name the bucket does not have

    pdf = client.post(f"/api/v1/challenges/{challenge.id}/attachments", headers=auth, data={
        "file": (io.BytesIO(sample_pdf()), "minutes.pdf")}, content_type="multipart/form-data").get_json()
    assert client.get(pdf["url"].split("localhost", 1)[1]).get_data() == sample_pdf()

    assert client.delete(f"/api/v1/attachments/{image['id']}", headers=auth).status_code == 204
    left = [item["Key"] for item in s3.list_objects_v2(Bucket=BUCKET).get("Contents", [])]
    assert left == [f"media/{pdf['url'].split('/media/', 1)[1]}"]  # the image's two versions are gone


def test_the_s3_backend_answers_none_for_a_missing_key(s3, s3_endpoint):
    backend = S3Storage(BUCKET, "", s3)
    assert backend.open("ab/" + "0" * 64 + ".jpg") is None
    backend.put("ab/x.pdf", b"%PDF-1.4", "application/pdf")
    found = backend.open("ab/x.pdf")
    assert found.size == 8 and b"".join(found.chunks) == b"%PDF-1.4"
    found.close()
    backend.delete("ab/x.pdf")
    backend.delete("ab/x.pdf")  # already gone: no error
    assert backend.open("ab/x.pdf") is None
