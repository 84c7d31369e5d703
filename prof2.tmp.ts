import { loadCurrentScanState } from './electron/scan/scan-state';
for (let k = 0; k < 4; k++) { const t0 = performance.now(); loadCurrentScanState('.lab-dc/bench-scan-state'); console.log(Math.round(performance.now() - t0), 'ms'); }
