#Requires -Version 5.1
# Runs several read-only host scripts in this one PowerShell process: starting powershell.exe
# costs about 300 ms on a server, and a diagnosis asks some twenty questions. Each script still
# checks its own input and writes its own envelope; in a batch they travel through
# $global:DsdBatchCall instead of stdin/stdout (DsdCommon), and each envelope is kept as the
# script wrote it, for the app to parse with that script's own schema.
# Input:  { "calls": [ { "script": "Get-DsdServices", "input": { ... } }, ... ] }   (1 to 32; read-only scripts only)
# Output: { ok: true, data: [ "<the envelope call 0 wrote>", ... ] }   (a call that threw: '{"failed":"<message>"}')
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
# No cmdlet before DsdCommon has pinned the module path: a path join, not Join-Path.
. ([System.IO.Path]::Combine($PSScriptRoot, 'DsdCommon.ps1'))

# Only questions: nothing that changes the server runs in a batch.
$readOnly = @(
    'Get-DsdOsFacts', 'Get-DsdServices', 'Get-DsdEvents', 'Get-DsdInstalledPrograms', 'Test-DsdAdfsInstalled',
    'Get-DsdSyncEngineStatus', 'Get-DsdSyncTool', 'Get-DsdScheduler', 'Get-DsdConnectorRuns', 'Get-DsdConnectorAccounts', 'Get-DsdAdConnectorAccount', 'Get-DsdConnectorOuFiltering',
    'Get-DsdServiceLogon', 'Get-DsdLocalUsers', 'Get-DsdTlsSettings', 'Test-DsdEndpoint', 'Get-DsdDotNetRelease',
    'Get-DsdPasswordHashSync', 'Get-DsdAutoUpgrade', 'Get-DsdAppCertificate'
)

$in = Read-DsdInput
$calls = Get-DsdField -Object $in -Name 'calls'
if (($calls -isnot [array]) -or ($calls.Count -lt 1) -or ($calls.Count -gt 32)) {
    Write-DsdFailure -Code 'bad-input' -Message 'calls: expected an array of 1 to 32 calls.'
}
for ($i = 0; $i -lt $calls.Count; $i++) {
    $name = Get-DsdField -Object $calls[$i] -Name 'script'
    if (($name -isnot [string]) -or ($readOnly -cnotcontains $name)) {
        Write-DsdFailure -Code 'bad-input' -Message ('calls.' + $i + '.script: expected one of the read-only scripts (' + ($readOnly -join ', ') + ').')
    }
    if ((Get-DsdField -Object $calls[$i] -Name 'input') -isnot [System.Management.Automation.PSCustomObject]) {
        Write-DsdFailure -Code 'bad-input' -Message ('calls.' + $i + '.input: expected a JSON object.')
    }
}

$outputs = New-Object System.Collections.ArrayList
foreach ($call in $calls) {
    $global:DsdBatchCall = @{ Input = $call.input; Output = $null }
    $output = $null
    try {
        $null = & ([System.IO.Path]::Combine($PSScriptRoot, $call.script + '.ps1'))
        $output = $global:DsdBatchCall.Output
        if ($null -eq $output) {
            $output = ConvertTo-DsdAsciiJson -Value ([ordered]@{ failed = ($call.script + '.ps1 wrote no answer.') })
        }
    } catch {
        # What would have been a non-zero exit with the error on stderr, for this call only.
        $output = ConvertTo-DsdAsciiJson -Value ([ordered]@{ failed = [string]$_.Exception.Message })
    }
    $null = $outputs.Add([string]$output)
}
$global:DsdBatchCall = $null
Write-DsdResult -Data $outputs.ToArray()
