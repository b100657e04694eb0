// The point picker (issue 16): under a "lat, lon" field, a small Leaflet map where a click sets the point and the
// typed point shows as a marker. The field stays the way to give it by keyboard or without JavaScript; without a
// tile server the districts' centres (from GET /api/v1/districts) are drawn as the reference.
document.addEventListener("DOMContentLoaded", () => {
  if (!window.L) return;
  for (const box of document.querySelectorAll(".point-picker")) {
    const input = document.getElementById(box.dataset.for);
    if (!input) continue;
    const menu = box.dataset.district ? document.getElementById(box.dataset.district) : null;
    const status = box.querySelector(".point-picker-status");
    const element = box.querySelector(".point-picker-map");
    box.hidden = false;
    const still = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    const map = L.map(element, { scrollWheelZoom: false, fadeAnimation: !still, zoomAnimation: !still,
                                 markerZoomAnimation: !still });
    if (box.dataset.tiles) {
      L.tileLayer(box.dataset.tiles, { attribution: box.dataset.attribution, maxZoom: 19 }).addTo(map);
    } else {
      element.classList.add("map-plain");
    }
    map.setView([37.5665, 126.978], 10);
    let marker = null;
    const centres = new Map();

    const read = () => {
      const parts = input.value.replace(";", ",").split(",").map((p) => Number.parseFloat(p));
      if (parts.length !== 2 || parts.some((n) => Number.isNaN(n))) return null;
      const [lat, lon] = parts;
      return Math.abs(lat) <= 90 && Math.abs(lon) <= 180 ? [lat, lon] : null;
    };
    const show = (point) => {
      if (!point) {
        if (marker) marker.remove();
        marker = null;
        return;
      }
      if (!marker) {
        marker = L.circleMarker(point, { radius: 9, weight: 3, color: "#ffffff", fillColor: "#0b5cad",
                                         fillOpacity: 1, interactive: false }).addTo(map);
      } else {
        marker.setLatLng(point);
      }
    };

    map.on("click", (e) => {
      const text = `${e.latlng.lat.toFixed(5)}, ${e.latlng.lng.toFixed(5)}`;
      input.value = text;
      input.dispatchEvent(new Event("change", { bubbles: true }));
      show([e.latlng.lat, e.latlng.lng]);
      status.textContent = box.dataset.set.replace("{point}", text);
    });
    input.addEventListener("input", () => show(read()));
    input.addEventListener("change", () => show(read()));
    if (menu) {
      menu.addEventListener("change", () => {
        const centre = centres.get(menu.value);
        if (centre && !read()) map.setView(centre, 13, { animate: !still });
      });
    }

    fetch(box.dataset.districts, { headers: { Accept: "application/json" } })
      .then((answer) => (answer.ok ? answer.json() : { items: [] }))
      .then((body) => {
        const points = [];
        for (const d of body.items || []) {
          if (!d.centre || d.centre.lat == null || d.centre.lon == null) continue;
          const centre = [d.centre.lat, d.centre.lon];
          centres.set(d.code, centre);
          points.push(centre);
          L.circleMarker(centre, { radius: 4, weight: 1, color: "#5a6878", fillColor: "#ffffff", fillOpacity: 1,
                                   interactive: false })
            .bindTooltip(d.name, { permanent: true, direction: "right", className: "district-label", offset: [4, 0] })
            .addTo(map);
        }
        const point = read();
        if (point) {
          show(point);
          map.setView(point, 14);
        } else if (menu && centres.has(menu.value)) {
          map.setView(centres.get(menu.value), 13);
        } else if (points.length) {
          map.fitBounds(L.latLngBounds(points), { padding: [10, 10] });
        }
      })
      .catch(() => {
        const point = read();
        if (point) {
          show(point);
          map.setView(point, 14);
        }
      });
  }
});
