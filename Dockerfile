# The platform's own image: the gateway (with the orchestrator, runtimes and the published Faas.Host in
# /app/host), built with the .NET SDK and run on the ASP.NET Core runtime.
#
#   docker build -t faas .
#   docker run --rm -p 127.0.0.1:8000:8000 -v /var/run/docker.sock:/var/run/docker.sock faas
#
# Mounting the engine's socket enables container mode (functions run as sibling containers); without it
# the platform starts in degraded mode for container functions.
#
# The image ships no API keys: it listens on 0.0.0.0, so the first start generates an admin key and an
# invoke+manage key into /tmp/faas_functions/api-keys.json (mode 0600) and prints them once (docker logs);
#   docker exec <container> dotnet /app/Faas.Gateway.dll --show-keys
# prints them again. Mount a volume at /tmp/faas_functions to keep them (and the registry), or mount a
# config with long random keys (FAAS_CONFIG_FILE); well-known or short keys stop the gateway on 0.0.0.0.
#
# Function containers get --network none and talk to the gateway over Unix sockets only.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
# The project to publish (the tests also build other projects of this repository with this file).
ARG PROJECT=src/Faas.Gateway/Faas.Gateway.csproj
WORKDIR /src
COPY Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/ src/
# Build outputs of a developer's checkout must not leak into the image build.
RUN rm -rf src/*/bin src/*/obj
RUN dotnet publish "$PROJECT" -c Release -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
ENV DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 \
    DOTNET_CLI_TELEMETRY_OPTOUT=1 \
    FAAS_API_PORT=8000
COPY --from=build /app ./
EXPOSE 8000
ENTRYPOINT ["dotnet", "/app/Faas.Gateway.dll"]
CMD ["--host", "0.0.0.0"]
