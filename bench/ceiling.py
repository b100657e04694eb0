"""The ceiling: a bare Flask app that renders a template about as large as the real pages, with no database."""

import os

from flask import Flask, render_template

app = Flask(__name__, template_folder="templates")
ITEM_BYTES = 420  # about what one rendered item of templates/ceiling.html weighs


def _items(total_bytes: int) -> list[dict]:
    """Enough fake list items to make a page of about `total_bytes`."""
    return [{"id": i, "title": f"해결책 {i}: 골목 조명 실험", "area": "마포구", "supports": i * 3,
             "summary": "주민이 함께 만드는 작은 실험 <script>escaped</script>"}
            for i in range(max(1, total_bytes // ITEM_BYTES))]


ITEMS = _items(int(os.environ.get("CEILING_BYTES", "30000")))


@app.get("/")
def page():
    """One page rendered from a template, as the app's pages are; nothing else."""
    return render_template("ceiling.html", items=ITEMS)
