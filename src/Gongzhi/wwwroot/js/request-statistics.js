// Draws the request statistics' charts from the JSON the page embeds (#statistics-data) with the vendored ECharts.
// The tables under the charts hold the same numbers; without JavaScript the page still says everything.
(function () {
    'use strict';
    var source = document.getElementById('statistics-data');
    if (!source || !window.echarts) return;
    var data = JSON.parse(source.textContent);
    var names = data.names;
    function labels(rows) { return rows.map(function (r) { return r.label; }); }
    var options = {
        categories: {
            tooltip: { trigger: 'axis' }, legend: {}, grid: { containLabel: true, left: 8, right: 8, bottom: 8 },
            xAxis: { type: 'category', data: labels(data.categories), axisLabel: { interval: 0, rotate: 30 } }, yAxis: { type: 'value', minInterval: 1 },
            series: [
                { name: names.received, type: 'bar', data: data.categories.map(function (r) { return r.received; }) },
                { name: names.resolved, type: 'bar', data: data.categories.map(function (r) { return r.resolved; }) }
            ]
        },
        channels: {
            tooltip: { trigger: 'item' }, legend: { bottom: 0 },
            series: [{ name: names.received, type: 'pie', radius: ['35%', '65%'], data: data.channels.map(function (r) { return { name: r.label, value: r.received }; }) }]
        },
        months: {
            tooltip: { trigger: 'axis' }, legend: {}, grid: { containLabel: true, left: 8, right: 8, bottom: 8 },
            xAxis: { type: 'category', data: labels(data.months) }, yAxis: { type: 'value', minInterval: 1 },
            series: [
                { name: names.received, type: 'line', data: data.months.map(function (r) { return r.received; }) },
                { name: names.resolved, type: 'line', data: data.months.map(function (r) { return r.resolved; }) }
            ]
        },
        compounds: {
            tooltip: { trigger: 'axis' }, grid: { containLabel: true, left: 8, right: 8, bottom: 8 },
            xAxis: { type: 'value', minInterval: 1 }, yAxis: { type: 'category', inverse: true, data: labels(data.compounds) },
            series: [{ name: names.complaints, type: 'bar', data: data.compounds.map(function (r) { return r.complaints; }) }]
        }
    };
    var charts = [];
    document.querySelectorAll('.gz-chart[data-chart]').forEach(function (el) {
        var option = options[el.getAttribute('data-chart')];
        if (!option) return;
        var chart = window.echarts.init(el);
        chart.setOption(option);
        charts.push(chart);
    });
    window.addEventListener('resize', function () { charts.forEach(function (c) { c.resize(); }); });
})();
