/* Newsmap's popups and tooltips, built in the browser as DOM nodes (see layers/popups.py).
 *
 * Each builder takes a GeoJSON layer (before its data is added) and the layer's lookup
 * tables. Article text only ever goes into the page through textContent or
 * createTextNode, never as markup; a link is made only for an http(s) URL, set with
 * setAttribute. */
var NewsmapPopups = (function () {
    "use strict";
    var DOT = " \u00b7 ";
    /* popups pan the map so they stay inside it, clear of the zoom buttons and controls */
    var POPUP_OPTIONS = {maxWidth: 380, autoPan: true, autoPanPaddingTopLeft: [60, 70],
                         autoPanPaddingBottomRight: [30, 30]};

    function node(tag, className, text) {
        var element = document.createElement(tag);
        if (className) { element.className = className; }
        if (text) { element.textContent = String(text); }
        return element;
    }

    function add(parent, child) {
        parent.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
        return parent;
    }

    function pick(table, index) {
        if (!table || typeof index !== "number" || index < 0 || index >= table.length) {
            return "";
        }
        return table[index];
    }

    function safeUrl(url) {
        if (typeof url !== "string" || /[\s\u0000-\u001f\u007f]/.test(url)) { return null; }
        return /^https?:\/\/[^\/?#]/i.test(url) ? url : null;
    }

    function typeLabel(tables, type) {
        var types = tables.types || {};
        return Object.prototype.hasOwnProperty.call(types, type) ? types[type] : String(type);
    }

    function quote(sentence, mark) {
        var block = node("blockquote");
        var text = typeof sentence === "string" ? sentence : "";
        add(block, "\u201c");
        if (mark && mark.length === 2 && mark[0] >= 0 && mark[0] < mark[1] &&
                mark[1] <= text.length) {
            add(block, text.slice(0, mark[0]));
            add(block, node("mark", null, text.slice(mark[0], mark[1])));
            add(block, text.slice(mark[1]));
        } else {
            add(block, text);
        }
        return add(block, "\u201d");
    }

    function source(doc) {
        var title = doc[0] || "";
        var url = safeUrl(doc[1]);
        if (!url) { return document.createTextNode(title || doc[1] || ""); }
        var link = node("a", null, title || url);
        link.setAttribute("href", url);
        link.setAttribute("target", "_blank");
        link.setAttribute("rel", "noopener noreferrer");
        return link;
    }

    /* One event: date, type, the quoted sentence with the place marked, attribution, source.
     * data-start/data-end let the exported page's date filter hide it. */
    function entry(event, tables) {
        var div = node("div", "newsmap-event");
        div.setAttribute("data-start", event.start || "");
        div.setAttribute("data-end", event.end || "");
        add(div, node("span", "newsmap-date", pick(tables.labels, event.l) || "undated"));
        add(div, DOT);
        add(div, node("span", "newsmap-type", typeLabel(tables, event.event_type)));
        add(div, quote(pick(tables.sentences, event.s), event.m));
        var meta = [];
        var attribution = pick(tables.attributions, event.a);
        if (attribution) { meta.push(document.createTextNode(attribution)); }
        var doc = pick(tables.docs, event.d);
        if (doc) { meta.push(source(doc)); }
        if (meta.length) {
            var line = node("div", "newsmap-meta");
            meta.forEach(function (part, i) {
                if (i) { add(line, " \u2014 "); }
                add(line, part);
            });
            add(div, line);
        }
        return div;
    }

    function popup(title) {
        var root = node("div", "newsmap-popup");
        add(root, node("h3", null, title));
        return root;
    }

    /* The events layer: a popup per event, a tooltip "date · type · place". With up to
     * 100,000 markers, nothing is bound per marker up front: the first click (or hover)
     * on a marker, which reaches the layer through Leaflet's event parents, binds it. */
    function events(group, tables) {
        function content(layer) {
            var p = layer.feature.properties;
            return add(popup(pick(tables.names, p.n)), entry(p, tables));
        }
        function tooltip(layer) {
            var p = layer.feature.properties;
            return document.createTextNode((pick(tables.labels, p.l) || "undated") + DOT +
                typeLabel(tables, p.event_type) + DOT + pick(tables.names, p.n));
        }
        group.on("click", function (e) {
            var marker = e.layer;
            if (!marker || !marker.feature || marker.getPopup()) { return; }
            marker.bindPopup(content, POPUP_OPTIONS).openPopup();
        });
        group.on("mouseover", function (e) {
            var marker = e.layer;
            if (!marker || !marker.feature || marker.getTooltip()) { return; }
            marker.bindTooltip(tooltip, {sticky: true}).openTooltip(e.latlng);
        });
    }

    /* Places and areas: name, resolution, and the events there (at most a few dozen). */
    function places(group, tables) {
        function content(p) {
            var root = popup(p.name);
            add(root, node("p", "newsmap-resolution", p.resolution));
            var list = p.ev || [];
            if (list.length) {
                var items = node("ul");
                list.forEach(function (i) {
                    var event = (tables.events || [])[i];
                    if (event) { add(items, add(node("li"), entry(event, tables))); }
                });
                add(root, items);
            }
            if (p.more) { add(root, node("p", null, "\u2026 and " + p.more + " more events")); }
            return root;
        }
        group.options.onEachFeature = function (feature, layer) {
            var p = feature.properties;
            layer.bindPopup(function () { return content(p); }, POPUP_OPTIONS);
            layer.bindTooltip(function () { return document.createTextNode(p.name || ""); },
                {sticky: true});
        };
    }

    /* Movements: origin -> destination, amount, status and date, the sentence; a label. */
    function flows(group) {
        function content(p) {
            var root = popup(p.title);
            add(root, node("p", "newsmap-meta", p.meta));
            if (p.sentence) { add(root, quote(p.sentence, null)); }
            return root;
        }
        group.options.onEachFeature = function (feature, layer) {
            var p = feature.properties;
            layer.bindPopup(function () { return content(p); }, POPUP_OPTIONS);
            if (p.label) {
                /* labels on one line are stacked, 18 px apart, around its middle */
                layer.bindTooltip(function () { return document.createTextNode(p.label); },
                    {permanent: true, direction: "center", className: "newsmap-flow-label",
                     offset: [0, 18 * (p.label_slot || 0)]});
            }
        };
    }

    return {events: events, places: places, flows: flows, entry: entry, safeUrl: safeUrl};
})();
