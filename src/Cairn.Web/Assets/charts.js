// Draws every <div data-chart="..."> with Apache ECharts. The page itself renders all numbers in a
// table, so without JavaScript nothing is lost but the picture. No inline script: the page's data
// travel in an HTML-encoded attribute, which keeps a strict Content-Security-Policy possible.
(function () {
  "use strict";
  var palette = ["#2f6f5e", "#b45309", "#1d4ed8", "#9333ea", "#be123c", "#0f766e", "#4d7c0f", "#6b7280"];

  function trendOption(data) {
    // data: { unit, periods: [label...], series: [{ name, values: [v|null], low: [..], high: [..] }], benchmark: {label, value}|null }
    var series = [];
    data.series.forEach(function (s, i) {
      var colour = palette[i % palette.length];
      if (data.series.length <= 3) {
        // The 95% interval as a shaded band: a transparent base at 'low' plus the band's height stacked on it.
        series.push({ name: s.name + " low", type: "line", data: s.low, stack: "band" + i, stackStrategy: "all", lineStyle: { opacity: 0 }, symbol: "none", silent: true, tooltip: { show: false } });
        series.push({
          name: s.name + " interval", type: "line", stack: "band" + i, stackStrategy: "all", symbol: "none", silent: true, lineStyle: { opacity: 0 },
          areaStyle: { color: colour, opacity: 0.14 }, tooltip: { show: false },
          data: s.high.map(function (h, k) { return h === null || s.low[k] === null ? null : h - s.low[k]; })
        });
      }
      series.push({ name: s.name, type: "line", data: s.values, color: colour, symbolSize: 7, connectNulls: false, lineStyle: { width: 2.5 } });
    });
    if (data.marker && series.length > 0) {
      // A vertical line at one period, e.g. an initiative's launch week.
      series[series.length - 1].markLine = { symbol: "none", silent: true, lineStyle: { color: "#111827", type: "solid", width: 1 }, label: { formatter: data.marker.label }, data: [{ xAxis: data.marker.at }] };
    }
    if (data.benchmark) {
      series.push({
        name: data.benchmark.label, type: "line", data: data.periods.map(function () { return data.benchmark.value; }),
        color: "#6b7280", symbol: "none", lineStyle: { type: "dashed", width: 1.5 }
      });
    }
    return {
      animation: false,
      grid: { left: 48, right: 24, top: 40, bottom: 40 },
      legend: { top: 0, data: series.filter(function (s) { return !/ (low|interval)$/.test(s.name); }).map(function (s) { return s.name; }) },
      tooltip: { trigger: "axis", valueFormatter: function (v) { return v === null || v === undefined ? "too few responses" : v.toFixed(1) + (data.unit === "%" ? "%" : ""); } },
      xAxis: { type: "category", data: data.periods, boundaryGap: false },
      yAxis: { type: "value", scale: true, name: data.unit === "points" ? "NPS" : data.unit },
      series: series
    };
  }

  function barOption(data) {
    // data: { unit, categories: [..], values: [..], low: [..], high: [..] }: value bars with interval whiskers.
    // The axis spans the whiskers, and zero, so a bar's length is honest.
    var lows = data.low.filter(function (v) { return v !== null; }), highs = data.high.filter(function (v) { return v !== null; });
    var min = Math.floor(Math.min.apply(null, [0].concat(lows))), max = Math.ceil(Math.max.apply(null, [0].concat(highs)));
    return {
      animation: false,
      grid: { left: 140, right: 32, top: 16, bottom: 32 },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      xAxis: { type: "value", min: min, max: max },
      yAxis: { type: "category", data: data.categories, inverse: true },
      series: [
        { type: "bar", data: data.values, color: "#2f6f5e", barMaxWidth: 22 },
        {
          type: "custom", silent: true, tooltip: { show: false },
          data: data.categories.map(function (_, i) { return [i, data.low[i], data.high[i]]; }),
          renderItem: function (params, api) {
            if (api.value(1) === null || isNaN(api.value(1))) { return null; }
            var a = api.coord([api.value(1), api.value(0)]), b = api.coord([api.value(2), api.value(0)]);
            var h = api.size([0, 1])[1] * 0.25;
            return { type: "group", children: [
              { type: "line", shape: { x1: a[0], y1: a[1], x2: b[0], y2: b[1] }, style: { stroke: "#1f2937", lineWidth: 1.5 } },
              { type: "line", shape: { x1: a[0], y1: a[1] - h, x2: a[0], y2: a[1] + h }, style: { stroke: "#1f2937", lineWidth: 1.5 } },
              { type: "line", shape: { x1: b[0], y1: b[1] - h, x2: b[0], y2: b[1] + h }, style: { stroke: "#1f2937", lineWidth: 1.5 } }
            ] };
          }
        }
      ]
    };
  }

  function heatOption(data) {
    // data: { themes: [..], places: [..], cells: [[placeIndex, themeIndex, mentions, averageSentiment|null]] }
    // Colour is the average sentiment (red negative, green positive); the label is the mentions.
    return {
      animation: false,
      grid: { left: 190, right: 90, top: 10, bottom: 70 },
      tooltip: {
        formatter: function (p) {
          var c = p.data;
          return data.themes[c[1]] + " at " + data.places[c[0]] + "<br>" + c[2] + " mentions, sentiment " + (c[3] === null ? "n/a" : c[3].toFixed(2));
        }
      },
      xAxis: { type: "category", data: data.places, axisLabel: { interval: 0, rotate: 20 } },
      yAxis: { type: "category", data: data.themes, inverse: true },
      visualMap: { dimension: 3, min: -0.6, max: 0.6, calculable: false, orient: "vertical", right: 0, top: "middle", text: ["positive", "negative"],
        inRange: { color: ["#b91c1c", "#f3f4f6", "#15803d"] } },
      series: [{ type: "heatmap", data: data.cells, label: { show: true, formatter: function (p) { return p.data[2]; } } }]
    };
  }

  // Paths between stages: nodes are "step · stage" (one column per position), plus the ends a path
  // can reach; a link's width is the customers who took it.
  function sankeyOption(data) {
    var colours = { "churned": "#b91c1c", "still a customer": "#2f6f5e", "more steps": "#9ca3af" };
    return {
      tooltip: { trigger: "item", formatter: function (p) {
        return p.dataType === "edge" ? p.data.source + " → " + p.data.target + ": " + p.data.value.toLocaleString() + " customers" : p.name;
      } },
      series: [{
        type: "sankey", left: 10, right: 130, top: 10, bottom: 10, nodeGap: 10, nodeAlign: "left", layoutIterations: 0,
        emphasis: { focus: "adjacency" }, lineStyle: { color: "gradient", opacity: 0.35 },
        label: { fontSize: 12 },
        data: data.nodes.map(function (n) { return { name: n, itemStyle: { color: colours[n] || "#1e4d7b" } }; }),
        links: data.links
      }]
    };
  }

  function draw(element) {
    var data = JSON.parse(element.getAttribute("data-chart"));
    var chart = echarts.init(element, null, { renderer: "svg" });
    chart.setOption(data.kind === "bars" ? barOption(data) : data.kind === "heatmap" ? heatOption(data) : data.kind === "sankey" ? sankeyOption(data) : trendOption(data));
    window.addEventListener("resize", function () { chart.resize(); });
    element.setAttribute("data-drawn", "true");
  }

  document.querySelectorAll("[data-chart]").forEach(draw);
})();
