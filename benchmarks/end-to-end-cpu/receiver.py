"""A local OTLP/gRPC trace receiver that answers every export at once, counting spans' bytes only.

Usage: receiver.py PORT
"""
import sys
from concurrent import futures

import grpc


class AnyExport(grpc.GenericRpcHandler):
    def service(self, handler_call_details):
        # An empty ExportTraceServiceResponse is zero bytes: answer without parsing the request.
        return grpc.unary_unary_rpc_method_handler(lambda request, context: b"", request_deserializer=None, response_serializer=None)


server = grpc.server(futures.ThreadPoolExecutor(max_workers=4))
server.add_generic_rpc_handlers((AnyExport(),))
server.add_insecure_port(f"127.0.0.1:{sys.argv[1]}")
server.start()
server.wait_for_termination()
