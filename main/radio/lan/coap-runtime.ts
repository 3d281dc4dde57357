import dgram from 'node:dgram'
import coap from 'coap'

// node-coap creates two global agents with open UDP sockets when it is imported; they would keep a CLI process
// alive after its work is done. We never use them (every exchange goes through an agent on a socket we bound), so
// their sockets are unref'd here, and this module is the only place that imports coap.
for (const agent of [coap.globalAgent, coap.globalAgentIPv6]) {
  ;(agent as unknown as { _sock?: dgram.Socket })._sock?.unref()
}

export { coap }

/** An agent on a UDP socket bound to `host` (a device's or the station's own address). Close both with the result. */
export async function boundAgent(host: string | undefined): Promise<{ agent: InstanceType<typeof coap.Agent>; close(): void }> {
  const socket = dgram.createSocket('udp4')
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject)
    socket.bind(0, host, () => {
      socket.off('error', reject)
      resolve()
    })
  })
  const agent = new coap.Agent({ type: 'udp4', socket })
  return {
    agent,
    close() {
      agent.close()
      try {
        socket.close()
      } catch {
        // already closed
      }
    },
  }
}
