#Requires -Version 5.1
# Which sync tool is installed, and its version: from the uninstall entries in both registry views
# (primary), the Connect registry key, and the tool's services by key name (supporting evidence).
# The app sends the names to look for (shared/domain/sync-tools.ts), so they live in one place.
# Input:  { "tools": [ { "generation": "entra-connect", "programNames": ["Microsoft Entra Connect", ...],
#                        "serviceNames": ["ADSync", ...] }, ... ] }   (checked in that order: the app's
#                        one detection order, newest generation first)
# Output: { ok: true, data: { Generation, Version, DisplayName, View, InstallLocation, ConnectVersion,
#           Evidence: ['uninstall-entry' | 'service' | 'registry'], Services: [ service records ] } }
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
# No cmdlet before DsdCommon has pinned the module path: a path join, not Join-Path.
. ([System.IO.Path]::Combine($PSScriptRoot, 'DsdCommon.ps1'))

$in = Read-DsdInput
$tools = Get-DsdField -Object $in -Name 'tools'
if (($tools -isnot [array]) -or ($tools.Count -lt 1) -or ($tools.Count -gt 8)) {
    Write-DsdFailure -Code 'bad-input' -Message 'tools: expected an array of 1 to 8 tool profiles.'
}
for ($i = 0; $i -lt $tools.Count; $i++) {
    $generation = Get-DsdField -Object $tools[$i] -Name 'generation'
    if (@('dirsync', 'aadsync', 'entra-connect') -notcontains $generation) {
        Write-DsdFailure -Code 'bad-input' -Message ('tools.' + $i + ".generation: expected 'dirsync', 'aadsync' or 'entra-connect'.")
    }
    $programNames = Get-DsdField -Object $tools[$i] -Name 'programNames'
    if (($programNames -isnot [array]) -or ($programNames.Count -gt 16) -or (@($programNames | Where-Object { ($_ -isnot [string]) -or ($_.Length -lt 1) -or ($_.Length -gt 256) }).Count -gt 0)) {
        Write-DsdFailure -Code 'bad-input' -Message ('tools.' + $i + '.programNames: expected up to 16 names of 1 to 256 characters.')
    }
    $serviceNames = Get-DsdField -Object $tools[$i] -Name 'serviceNames'
    if (($serviceNames -isnot [array]) -or ($serviceNames.Count -gt 16) -or (@($serviceNames | Where-Object { -not (Test-DsdServiceName -Value $_) }).Count -gt 0)) {
        Write-DsdFailure -Code 'bad-input' -Message ('tools.' + $i + '.serviceNames: expected up to 16 service key names.')
    }
}

# Companion entries share the tools' name prefixes but are not the sync tool (the Cloud Sync
# provisioning agent, the pass-through authentication agent, the Agent Updater, Connect Health):
# the same pattern as COMPANION_PROGRAM in shared/domain/sync-tool-detection.ts.
$entries = @(Get-DsdUninstallEntries | Where-Object { ([string]$_['DisplayName']) -notmatch 'Agent|Health' })
$connectKey = Get-ItemProperty -LiteralPath 'HKLM:\SOFTWARE\Microsoft\Azure AD Connect' -ErrorAction SilentlyContinue
$connectVersion = $null
if (($null -ne $connectKey) -and ($null -ne $connectKey.PSObject.Properties['Version'])) {
    $connectVersion = [string]$connectKey.Version
}

$answer = [ordered]@{
    Generation      = 'none'
    Version         = $null
    DisplayName     = $null
    View            = $null
    InstallLocation = $null
    ConnectVersion  = $connectVersion
    Evidence        = @()
    Services        = @()
}

# First tool (in the order given) whose uninstall entry or service is present.
foreach ($tool in $tools) {
    # An exact name first (so "... Connect Health agent" never stands in for the product), then a prefix.
    $entry = $null
    foreach ($programName in $tool.programNames) {
        $entry = @($entries | Where-Object { [string]::Equals([string]$_['DisplayName'], $programName, [StringComparison]::OrdinalIgnoreCase) }) | Select-Object -First 1
        if ($null -ne $entry) {
            break
        }
    }
    if ($null -eq $entry) {
        foreach ($programName in $tool.programNames) {
            $entry = @($entries | Where-Object { ([string]$_['DisplayName']).StartsWith($programName, [StringComparison]::OrdinalIgnoreCase) }) | Select-Object -First 1
            if ($null -ne $entry) {
                break
            }
        }
    }
    $services = New-Object System.Collections.ArrayList
    foreach ($serviceName in $tool.serviceNames) {
        $record = Get-DsdServiceRecord -Name $serviceName
        if ($null -ne $record) {
            $null = $services.Add($record)
        }
    }
    if (($null -eq $entry) -and ($services.Count -eq 0)) {
        continue
    }
    $answer.Generation = [string]$tool.generation
    $evidence = New-Object System.Collections.ArrayList
    if ($null -ne $entry) {
        $null = $evidence.Add('uninstall-entry')
        $answer.Version = $entry['DisplayVersion']
        $answer.DisplayName = $entry['DisplayName']
        $answer.View = $entry['View']
        $answer.InstallLocation = $entry['InstallLocation']
    }
    if ($services.Count -gt 0) {
        $null = $evidence.Add('service')
    }
    if (($tool.generation -eq 'entra-connect') -and ($null -ne $connectVersion)) {
        $null = $evidence.Add('registry')
        if ($null -eq $answer.Version) {
            $answer.Version = $connectVersion
        }
    }
    # DirSync's bundled SQL Express: discover MSSQL$ services running as the DirSync account
    # instead of guessing the instance name.
    if ($tool.generation -eq 'dirsync') {
        $accounts = @($services | ForEach-Object { [string]$_['StartName'] } | Where-Object { $_.Length -gt 0 })
        foreach ($sql in @(Get-CimInstance -ClassName Win32_Service -Filter 'Name LIKE ''MSSQL$%''')) {
            $inFolder = ($null -ne $answer.InstallLocation) -and ([string]$answer.InstallLocation).Length -gt 0 -and ([string]$sql.PathName).StartsWith([string]$answer.InstallLocation, [StringComparison]::OrdinalIgnoreCase)
            if (($accounts -contains [string]$sql.StartName) -or $inFolder) {
                $null = $services.Add((Get-DsdServiceRecord -Name ([string]$sql.Name)))
            }
        }
    }
    $answer.Evidence = $evidence.ToArray()
    $answer.Services = $services.ToArray()
    break
}

Write-DsdResult -Data $answer
