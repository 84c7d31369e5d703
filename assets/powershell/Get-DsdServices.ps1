#Requires -Version 5.1
# State, start mode and logon account of the named services; names not installed are left out.
# Input:  { "names": ["ADSync", ...] }   (1 to 64 service key names)
# Output: { ok: true, data: [ { Name, DisplayName, State, StartMode, DelayedAutoStart, StartName, ProcessId, ExitCode } ] }
#         State and StartMode are Win32_Service's strings ('Running', 'Start Pending', 'Auto', ...).
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
# No cmdlet before DsdCommon has pinned the module path: a path join, not Join-Path.
. ([System.IO.Path]::Combine($PSScriptRoot, 'DsdCommon.ps1'))

$in = Read-DsdInput
$names = Get-DsdField -Object $in -Name 'names'
if (($names -isnot [array]) -or ($names.Count -lt 1) -or ($names.Count -gt 64)) {
    Write-DsdFailure -Code 'bad-input' -Message 'names: expected an array of 1 to 64 service key names.'
}
for ($i = 0; $i -lt $names.Count; $i++) {
    if (-not (Test-DsdServiceName -Value $names[$i])) {
        Write-DsdFailure -Code 'bad-input' -Message ('names.' + $i + ': expected a service key name (letters, digits, space and _ . $ @ -; at most 256).')
    }
}

$services = New-Object System.Collections.ArrayList
foreach ($name in ($names | Select-Object -Unique)) {
    $record = Get-DsdServiceRecord -Name $name
    if ($null -ne $record) {
        $null = $services.Add($record)
    }
}

Write-DsdResult -Data $services.ToArray()
