// Runs before `npm start` and `npm test` (npm's pre-scripts): a fresh clone installs its packages first.
const { existsSync } = require('node:fs');
const { execSync } = require('node:child_process');
const path = require('node:path');

const root = path.join(__dirname, '..');
if (!existsSync(path.join(root, 'node_modules', '.package-lock.json'))) {
  console.log('[setup] installing npm packages (first run)');
  execSync(existsSync(path.join(root, 'package-lock.json')) ? 'npm ci' : 'npm install', {
    cwd: root,
    stdio: 'inherit',
  });
}
