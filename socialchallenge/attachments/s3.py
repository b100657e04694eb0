"""S3-compatible object storage for uploads (several app servers share one bucket); the only module importing boto3."""

from __future__ import annotations

from collections.abc import Mapping

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

from socialchallenge.attachments.storage import CHUNK, StoredFile


class S3Storage:
    """Objects in a bucket, under an optional key prefix. Credentials come from boto3's usual places
    (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, a profile, or an instance role)."""

    def __init__(self, bucket: str, prefix: str = "", client=None) -> None:
        self.bucket = bucket
        self.prefix = prefix.strip("/") + "/" if prefix.strip("/") else ""
        self.client = client

    @classmethod
    def from_config(cls, config: Mapping) -> S3Storage:
        """Built from S3_BUCKET, S3_PREFIX, S3_ENDPOINT_URL (MinIO, Ceph, R2…) and S3_REGION."""
        client = boto3.client(
            "s3",
            endpoint_url=config.get("S3_ENDPOINT_URL") or None,
            region_name=config.get("S3_REGION") or None,
            # Path-style addressing works with every S3-compatible server, virtual hosts need DNS for each bucket.
            config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 3, "mode": "standard"},
                          connect_timeout=5, read_timeout=30),
        )
        return cls(config["S3_BUCKET"], config.get("S3_PREFIX") or "", client)

    def _key(self, key: str) -> str:
        return self.prefix + key

    def put(self, key: str, data: bytes, content_type: str) -> None:
        """Upload the object, marked as never changing (its name is its content's hash)."""
        self.client.put_object(Bucket=self.bucket, Key=self._key(key), Body=data, ContentType=content_type,
                               CacheControl="public, max-age=31536000, immutable")

    def open(self, key: str) -> StoredFile | None:
        """The object, streamed in chunks; None when the bucket has no such key."""
        try:
            answer = self.client.get_object(Bucket=self.bucket, Key=self._key(key))
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("NoSuchKey", "404", "NotFound"):
                return None
            raise
        body = answer["Body"]
        return StoredFile(int(answer["ContentLength"]), body.iter_chunks(CHUNK), body.close)

    def delete(self, key: str) -> None:
        """Delete the object (S3 answers success for a missing key too)."""
        self.client.delete_object(Bucket=self.bucket, Key=self._key(key))
