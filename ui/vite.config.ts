/// <reference types="vitest/config" />
import { defineConfig, type Plugin } from "vite";
import react from "@vitejs/plugin-react";

// Dev server only: stand-in images for mock.html (the fake backend), since the
// app's "mahres" protocol exists only inside Tauri.
function mockImages(): Plugin {
  return {
    name: "mock-images",
    apply: "serve",
    configureServer(server) {
      server.middlewares.use("/__mock-image", (req, res) => {
        const [kind = "thumb", id = "0"] = ((req as unknown as { url?: string }).url ?? "").split("?")[0].split("/").filter(Boolean);
        const n = Number(id) || 0;
        const hue = (n * 47) % 360;
        const size = kind === "thumb" ? 256 : 1024;
        const w = n % 3 === 0 ? size : Math.round(size * 0.75);
        const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${size}" viewBox="0 0 ${w} ${size}">
<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="hsl(${hue},65%,62%)"/><stop offset="1" stop-color="hsl(${(hue + 60) % 360},60%,38%)"/></linearGradient></defs>
<rect width="100%" height="100%" fill="url(#g)"/><circle cx="${w * 0.7}" cy="${size * 0.3}" r="${size * 0.1}" fill="rgba(255,255,255,.55)"/>
<path d="M0 ${size} L${w * 0.35} ${size * 0.55} L${w * 0.6} ${size * 0.8} L${w * 0.8} ${size * 0.62} L${w} ${size} Z" fill="rgba(0,0,0,.28)"/>
<text x="50%" y="${size * 0.93}" font-family="sans-serif" font-size="${size / 12}" fill="white" text-anchor="middle">#${n}</text></svg>`;
        res.setHeader("Content-Type", "image/svg+xml");
        res.setHeader("Cache-Control", "max-age=3600");
        res.end(svg);
      });
    },
  };
}

// Tauri serves dist/ at the app origin, so the default absolute base "/" is right.
// The CSP forbids inline scripts and eval: Vite's production output is external
// module scripts and stylesheets only.
export default defineConfig({
  plugins: [react(), mockImages()],
  clearScreen: false,
  server: {
    port: 5173,
    strictPort: true,
  },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2021",
    // Never inline assets as data: URLs, so a strict img-src/font-src holds too.
    assetsInlineLimit: 0,
    sourcemap: false,
  },
  test: {
    environment: "node",
    include: ["src/**/*.test.ts", "src/**/*.test.tsx"],
  },
});
