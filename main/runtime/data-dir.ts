import os from 'node:os'
import path from 'node:path'

/** The OS's application-data folder for Provbench; Electron's app.getPath('userData') resolves to the same place. */
export function defaultDataDir(platform = process.platform, env = process.env): string {
  if (env.PROVBENCH_DATA_DIR) return env.PROVBENCH_DATA_DIR
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(os.homedir(), 'AppData', 'Roaming'), 'Provbench')
  if (platform === 'darwin') return path.join(os.homedir(), 'Library', 'Application Support', 'Provbench')
  return path.join(env.XDG_CONFIG_HOME ?? path.join(os.homedir(), '.config'), 'Provbench')
}
