// The map page (issue 16): fetches each layer's GeoJSON with the page's filters and draws, per district, a marker
// with how many items it holds (at the district's centre); with a tile server (MAP_TILE_URL) it also draws the
// items that have a point of their own. Without this file, or without Leaflet, the table of counts stays.
document.addEventListener("DOMContentLoaded", () => {
  const element = document.getElementById("map");
  if (!element || !window.L) return;
  const config = JSON.parse(element.dataset.config);
  const status = document.getElementById("map-status");
  // Popups and zooms fade and glide unless the person asked for less motion.
  const still = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  const map = L.map(element, { scrollWheelZoom: false, zoomSnap: 0.25, fadeAnimation: !still,
                               zoomAnimation: !still, markerZoomAnimation: !still });
  L.Icon.Default.imagePath = element.dataset.imagePath || "/static/vendor/leaflet/images/";
  if (config.tiles) {
    L.tileLayer(config.tiles, { attribution: config.attribution, maxZoom: 19 }).addTo(map);
  }
  const byCode = new Map(config.districts.map((d) => [d.code, d]));
  if (config.districts.length) {
    map.fitBounds(L.latLngBounds(config.districts.map((d) => [d.lat, d.lon])), { padding: [20, 20] });
  } else {
    map.setView([0, 0], 2);
  }
  status.textContent = element.dataset.loading;

  // One link in a popup, built as DOM nodes (titles are never parsed as HTML).
  const link = (href, text) => {
    const a = document.createElement("a");
    a.href = href;
    a.textContent = text;
    return a;
  };
  const listUrl = (layer, code) => {
    const params = new URLSearchParams(config.query);
    params.set("district", code);
    return `${layer.list}?${params}`;
  };

  // On a small map the empty districts' markers crowd the ones that hold something: an empty marker that would sit
  // under a busy district's marker or name is left out at this zoom (the table below the map still lists it).
  const busy = [];
  const quiet = [];
  const overlaps = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  const declutter = () => {
    const taken = busy.flatMap((m) => [m.getElement(), m.getTooltip() && m.getTooltip().getElement()])
      .filter(Boolean).map((e) => e.getBoundingClientRect());
    for (const m of quiet) {
      const icon = m.getElement();
      if (!icon) continue;
      const hidden = taken.some((r) => overlaps(icon.getBoundingClientRect(), r));
      icon.style.visibility = hidden ? "hidden" : "";
      const tip = m.getTooltip() && m.getTooltip().getElement();
      if (tip) tip.style.visibility = hidden ? "hidden" : "";
    }
  };
  map.on("zoomend", declutter);  // panning moves every marker alike: only a zoom changes what crosses what

  const drawDistricts = (results) => {
    for (const district of config.districts) {
      const counts = results.map(({ layer, data }) => ({
        layer,
        n: data.features.filter((f) => f.properties.district && f.properties.district.code === district.code).length,
      }));
      const total = counts.reduce((sum, c) => sum + c.n, 0);
      const size = total ? Math.min(44, 26 + 4 * Math.log2(total + 1)) : 20;
      const icon = L.divIcon({
        className: `district-count${total ? "" : " empty"}`,
        html: String(total),
        iconSize: [size, size],
      });
      const summary = counts.map((c) => `${c.layer.label} ${c.n}`).join(", ");
      // A district that holds something is drawn over the empty ones around it.
      const marker = L.marker([district.lat, district.lon], { icon, title: `${district.name}: ${summary}`,
                                                             alt: `${district.name}: ${summary}`,
                                                             zIndexOffset: total ? 1000 : 0 });
      // Names stay on screen where something is (and everywhere on a wide map); elsewhere they show on hover.
      marker.bindTooltip(district.name, { permanent: Boolean(total) || element.clientWidth >= 700,
                                          direction: "bottom", className: "district-label", offset: [0, size / 2] });
      const popup = document.createElement("div");
      popup.className = "map-popup";
      const heading = document.createElement("strong");
      heading.textContent = district.name;
      popup.append(heading);
      const list = document.createElement("ul");
      for (const { layer, n } of counts) {
        const item = document.createElement("li");
        item.append(n ? link(listUrl(layer, district.code), `${layer.label}: ${n}`) : `${layer.label}: 0`);
        list.append(item);
      }
      popup.append(list);
      marker.bindPopup(popup);
      marker.addTo(map);
      (total ? busy : quiet).push(marker);
    }
    declutter();
  };

  const drawPoints = (results) => {
    for (const { data } of results) {
      for (const f of data.features) {
        if (f.properties.located !== "point") continue;
        const [lon, lat] = f.geometry.coordinates;
        const popup = document.createElement("div");
        popup.className = "map-popup";
        popup.append(link(f.properties.url, f.properties.title));
        L.marker([lat, lon], { title: f.properties.title, alt: f.properties.title }).bindPopup(popup).addTo(map);
      }
    }
  };

  Promise.all(config.layers.map((layer) => fetch(layer.url, { headers: { Accept: "application/geo+json" } })
    .then((response) => {
      if (!response.ok) throw new Error(`${layer.url}: ${response.status}`);
      return response.json();
    })
    .then((data) => ({ layer, data }))))
    .then((results) => {
      for (const { data } of results) {
        for (const f of data.features) {
          if (f.properties.district && !byCode.has(f.properties.district.code)) f.properties.district = null;
        }
      }
      drawDistricts(results);
      if (config.tiles) drawPoints(results);
      status.textContent = "";
      element.dataset.ready = "true";
    })
    .catch(() => {
      status.textContent = element.dataset.failed;
    });
});
