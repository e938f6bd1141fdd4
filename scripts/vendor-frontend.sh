#!/usr/bin/env bash
# Refreshes the vendored front-end libraries under src/Gongzhi/wwwroot/lib from the npm registry.
# Gongzhi serves them itself: many government networks have no internet access, so no CDN is used.
set -euo pipefail
cd "$(dirname "$0")/.."
lib=src/Gongzhi/wwwroot/lib
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm init -y >/dev/null && npm install --no-audit --no-fund htmx.org@2.0.4 bootstrap@5.3.3 swagger-ui-dist@5.17.14 echarts@5.6.0 >/dev/null)
rm -rf "$lib" && mkdir -p "$lib"/{htmx,bootstrap/css,bootstrap/js,swagger-ui,echarts}
cp "$work/node_modules/htmx.org/dist/htmx.min.js" "$lib/htmx/"
cp "$work/node_modules/htmx.org/LICENSE" "$lib/htmx/LICENSE"
cp "$work/node_modules/bootstrap/dist/css/bootstrap.min.css" "$lib/bootstrap/css/"
cp "$work/node_modules/bootstrap/dist/js/bootstrap.bundle.min.js" "$lib/bootstrap/js/"
cp "$work/node_modules/bootstrap/LICENSE" "$lib/bootstrap/LICENSE"
for f in swagger-ui.css swagger-ui-bundle.js LICENSE; do cp "$work/node_modules/swagger-ui-dist/$f" "$lib/swagger-ui/"; done
# ECharts (Apache-2.0) for the request statistics; its NOTICE travels with the licence.
cp "$work/node_modules/echarts/dist/echarts.min.js" "$work/node_modules/echarts/LICENSE" "$lib/echarts/"
echo "vendored into $lib"
