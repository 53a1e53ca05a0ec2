// Types for scripts/electron-native.mjs, which the tests import.
export function electronAbi(electronVersion: string): number;
export function moduleAbi(file: string): number | undefined;
export function verifyElectronModule(file: string, electronVersion: string): number;
export function toolEnvironment(env?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
export interface BuildCommand {
  name: 'prebuilt' | 'compile';
  file: string;
  args: string[];
}
export function buildCommands(options: { electronVersion: string; platform: string; arch: string; headersDir: string }): [BuildCommand, BuildCommand];
export function nativeModulePath(root: string, platform: string, arch: string): string;
