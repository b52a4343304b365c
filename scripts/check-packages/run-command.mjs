// Runs a program and collects its output, so that a check can show it only when it fails.
import { spawn } from 'node:child_process'

/**
 * Runs `command` with `args` and resolves once it exits, whatever its exit code.
 *
 * @param command - the program, looked up on the PATH of `options.env`
 * @param args - its arguments
 * @param options - `cwd` and `env` for the child
 * @returns `{ code, output }`: the exit code and stdout and stderr interleaved
 */
export function runCommand(command, args, options = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] })
    const chunks = []

    child.stdout.on('data', (chunk) => chunks.push(chunk))
    child.stderr.on('data', (chunk) => chunks.push(chunk))
    child.on('error', (error) => resolve({ code: -1, output: String(error) }))
    child.on('close', (code) => resolve({ code, output: Buffer.concat(chunks).toString() }))
  })
}

/**
 * Like `runCommand`, but rejects with the output when the exit code is not 0.
 *
 * @returns the output
 */
export async function runChecked(command, args, options = {}) {
  const { code, output } = await runCommand(command, args, options)
  if (code !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${code}\n${output}`)
  return output
}
