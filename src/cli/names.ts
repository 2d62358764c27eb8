// "NAME" or "NAMESPACE/NAME" from the command line, made "namespace/name".
export function qualifyName(arg: string, namespace: string): string {
  return arg.includes('/') ? arg : `${namespace}/${arg}`;
}
