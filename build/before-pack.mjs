// electron-builder's beforePack hook: builds the Electron addon for the platform and architecture being packed
// (electron-builder packs each target architecture in turn), so an arm64 or x64 installer carries its own build.
import { prepareElectronNative } from '../scripts/prepare-electron-native.mjs';

/** electron-builder's Arch enum, by value. */
const ARCH_NAMES = ['ia32', 'x64', 'armv7l', 'arm64', 'universal'];

export default async function beforePack(context) {
  const arch = ARCH_NAMES[context.arch];
  if (!arch || arch === 'universal') throw new Error(`Withness cannot pack the SQLite addon for architecture ${String(context.arch)}.`);
  prepareElectronNative({ root: context.packager.projectDir, platform: context.electronPlatformName, arch });
}
