#Requires -Version 5.1
# Is AD FS installed here? Three independent signs: the ADFS-Federation role (Windows Server 2012
# and later), the AD FS service (adfssrv, also AD FS 2.0) and an AD FS 2.0 uninstall entry.
# Input:  {}
# Output: { ok: true, data: { FeatureInstalled (true | false | null when Get-WindowsFeature is unavailable),
#           ServicePresent, ProgramEntry (display name or null) } }
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
# No cmdlet before DsdCommon has pinned the module path: a path join, not Join-Path.
. ([System.IO.Path]::Combine($PSScriptRoot, 'DsdCommon.ps1'))

$null = Read-DsdInput

$featureInstalled = $null
if ($null -ne (Get-Command -Name 'Get-WindowsFeature' -ErrorAction SilentlyContinue)) {
    try {
        $feature = Get-WindowsFeature -Name 'ADFS-Federation'
        if ($null -ne $feature) {
            $featureInstalled = [bool]$feature.Installed
        }
    } catch {
        # Client editions carry the cmdlet but refuse to run it.
        $featureInstalled = $null
    }
}

$servicePresent = $null -ne (Get-Service -Name 'adfssrv' -ErrorAction SilentlyContinue)

$programEntry = $null
foreach ($entry in @(Get-DsdUninstallEntries)) {
    $name = [string]$entry['DisplayName']
    if ($name.StartsWith('Active Directory Federation Services', [StringComparison]::OrdinalIgnoreCase)) {
        $programEntry = $name
        break
    }
}

Write-DsdResult -Data ([ordered]@{
        FeatureInstalled = $featureInstalled
        ServicePresent   = $servicePresent
        ProgramEntry     = $programEntry
    })
